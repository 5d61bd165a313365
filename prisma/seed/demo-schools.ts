import type { SchoolFields } from "../../tests/support/factories";

/**
 * Demo schools in the shape of KPM's list. Names and districts are real places; codes other than
 * SMK Seri Ampangan's are illustrative, and enrolments are round approximations.
 */
export const DEMO_SCHOOLS: SchoolFields[] = [
  // Negeri Sembilan: Seremban
  { code: "NEB2069", name: "SMK SERI AMPANGAN", type: "SMK", level: "MENENGAH", district: "SEREMBAN", town: "SEREMBAN", address: "Jalan Ampangan", postcode: "70400", enrolment: 1450, teachers: 98, latitude: 2.7381, longitude: 101.9598 },
  { code: "NEA2001", name: "SMK KING GEORGE V", type: "SMK", level: "MENENGAH", district: "SEREMBAN", town: "SEREMBAN", address: "Jalan Dato' Hamzah", postcode: "70100", enrolment: 1100, teachers: 80 },
  { code: "NEA2002", name: "SMK TUNKU AMPUAN DURAH", type: "SMK", level: "MENENGAH", district: "SEREMBAN", town: "SEREMBAN", postcode: "70400", enrolment: 1200, teachers: 85 },
  { code: "NEA2003", name: "SMK RANTAU", type: "SMK", level: "MENENGAH", district: "SEREMBAN", town: "RANTAU", postcode: "71200", enrolment: 900, teachers: 70 },
  { code: "NEA2004", name: "SMK NILAI", type: "SMK", level: "MENENGAH", district: "SEREMBAN", town: "NILAI", postcode: "71800", enrolment: 1300, teachers: 90 },
  { code: "NBA2001", name: "SK AMPANGAN", type: "SK", level: "RENDAH", district: "SEREMBAN", town: "SEREMBAN", postcode: "70400", enrolment: 950, teachers: 60 },
  { code: "NBA2002", name: "SK TAMAN RASAH JAYA", type: "SK", level: "RENDAH", district: "SEREMBAN", town: "SEREMBAN", postcode: "70300", enrolment: 800, teachers: 55 },
  { code: "NBA2003", name: "SK RAHANG", type: "SK", level: "RENDAH", district: "SEREMBAN", town: "SEREMBAN", postcode: "70300", enrolment: 600, teachers: 45 },
  { code: "NBC2001", name: "SJK (C) CHUNG HUA SEREMBAN", type: "SJKC", level: "RENDAH", district: "SEREMBAN", town: "SEREMBAN", postcode: "70200", enrolment: 1000, teachers: 60 },
  { code: "NBD2001", name: "SJK (T) JALAN LOBAK", type: "SJKT", level: "RENDAH", district: "SEREMBAN", town: "SEREMBAN", postcode: "70200", enrolment: 400, teachers: 30 },
  // Port Dickson
  { code: "NEA1001", name: "SMK PORT DICKSON", type: "SMK", level: "MENENGAH", district: "PORT DICKSON", town: "PORT DICKSON", postcode: "71000", enrolment: 1000, teachers: 75 },
  { code: "NEA1002", name: "SMK TELUK KEMANG", type: "SMK", level: "MENENGAH", district: "PORT DICKSON", town: "PORT DICKSON", postcode: "71050", enrolment: 700, teachers: 55 },
  { code: "NBA1001", name: "SK PORT DICKSON", type: "SK", level: "RENDAH", district: "PORT DICKSON", town: "PORT DICKSON", postcode: "71000", enrolment: 650, teachers: 45 },
  { code: "NBA1002", name: "SK LINGGI", type: "SK", level: "RENDAH", district: "PORT DICKSON", town: "LINGGI", postcode: "71150", enrolment: 300, teachers: 25 },
  // Kuala Pilah
  { code: "NEA3001", name: "SMK TUANKU MUHAMMAD", type: "SMK", level: "MENENGAH", district: "KUALA PILAH", town: "KUALA PILAH", postcode: "72000", enrolment: 900, teachers: 70 },
  { code: "NEA3002", name: "SMK SENALING", type: "SMK", level: "MENENGAH", district: "KUALA PILAH", town: "KUALA PILAH", postcode: "72000", enrolment: 600, teachers: 50 },
  { code: "NBA3001", name: "SK TUNKU LAKSAMANA NASIR", type: "SK", level: "RENDAH", district: "KUALA PILAH", town: "KUALA PILAH", postcode: "72000", enrolment: 500, teachers: 40 },
  // Jelebu
  { code: "NEA4001", name: "SMK DATO' UNDANG MUSA AL-HAJ", type: "SMK", level: "MENENGAH", district: "JELEBU", town: "KUALA KLAWANG", postcode: "71600", enrolment: 800, teachers: 60 },
  { code: "NBA4001", name: "SK KUALA KLAWANG", type: "SK", level: "RENDAH", district: "JELEBU", town: "KUALA KLAWANG", postcode: "71600", enrolment: 450, teachers: 35 },
  // Jempol
  { code: "NEA5001", name: "SMK BAHAU", type: "SMK", level: "MENENGAH", district: "JEMPOL", town: "BAHAU", postcode: "72100", enrolment: 1000, teachers: 75 },
  { code: "NEA5002", name: "SMK SERI JEMPOL", type: "SMK", level: "MENENGAH", district: "JEMPOL", town: "BANDAR SERI JEMPOL", postcode: "72120", enrolment: 850, teachers: 65 },
  { code: "NBA5001", name: "SK BANDAR BARU SERTING", type: "SK", level: "RENDAH", district: "JEMPOL", town: "BANDAR SERI JEMPOL", postcode: "72120", enrolment: 700, teachers: 50 },
  { code: "NBC5001", name: "SJK (C) CHUNG HUA BAHAU", type: "SJKC", level: "RENDAH", district: "JEMPOL", town: "BAHAU", postcode: "72100", enrolment: 550, teachers: 40 },
  // Rembau
  { code: "NEA6001", name: "SMK CHEMBONG", type: "SMK", level: "MENENGAH", district: "REMBAU", town: "REMBAU", postcode: "71300", enrolment: 750, teachers: 60 },
  { code: "NEA6002", name: "SMK DATO' SEDIA RAJA", type: "SMK", level: "MENENGAH", district: "REMBAU", town: "REMBAU", postcode: "71300", enrolment: 700, teachers: 55 },
  { code: "NBA6001", name: "SK CHEMBONG", type: "SK", level: "RENDAH", district: "REMBAU", town: "REMBAU", postcode: "71300", enrolment: 400, teachers: 32 },
  // Tampin
  { code: "NEA7001", name: "SMK TUNKU BESAR TAMPIN", type: "SMK", level: "MENENGAH", district: "TAMPIN", town: "TAMPIN", postcode: "73000", enrolment: 950, teachers: 72 },
  { code: "NEA7002", name: "SMK GEMAS", type: "SMK", level: "MENENGAH", district: "TAMPIN", town: "GEMAS", postcode: "73400", enrolment: 650, teachers: 50 },
  { code: "NBA7001", name: "SK GEMENCHEH", type: "SK", level: "RENDAH", district: "TAMPIN", town: "GEMENCHEH", postcode: "73200", enrolment: 350, teachers: 30 },
  { code: "NBD7001", name: "SJK (T) LADANG REPAH", type: "SJKT", level: "RENDAH", district: "TAMPIN", town: "TAMPIN", postcode: "73000", enrolment: 120, teachers: 12 },
  // Selangor
  { code: "BEA8001", name: "SMK SEKSYEN 9 SHAH ALAM", type: "SMK", level: "MENENGAH", stateCode: "10", district: "PETALING PERDANA", town: "SHAH ALAM", postcode: "40100", enrolment: 1500, teachers: 100 },
  { code: "BEA8002", name: "SMK BANDAR SUNWAY", type: "SMK", level: "MENENGAH", stateCode: "10", district: "PETALING PERDANA", town: "PETALING JAYA", postcode: "47500", enrolment: 1300, teachers: 90 },
  { code: "BBA8001", name: "SK TAMAN SRI MUDA", type: "SK", level: "RENDAH", stateCode: "10", district: "KLANG", town: "SHAH ALAM", postcode: "40400", enrolment: 1600, teachers: 95 },
  { code: "BBA8002", name: "SK KAJANG", type: "SK", level: "RENDAH", stateCode: "10", district: "HULU LANGAT", town: "KAJANG", postcode: "43000", enrolment: 1100, teachers: 70 },
  { code: "BEA8003", name: "SMK KUALA SELANGOR", type: "SMK", level: "MENENGAH", stateCode: "10", district: "KUALA SELANGOR", town: "KUALA SELANGOR", postcode: "45000", enrolment: 900, teachers: 70 },
  // Kelantan
  { code: "DEA9001", name: "SMK SULTAN ISMAIL", type: "SMK", level: "MENENGAH", stateCode: "03", district: "KOTA BHARU", town: "KOTA BHARU", postcode: "15300", enrolment: 1200, teachers: 85 },
  { code: "DBA9001", name: "SK KUBANG KERIAN 1", type: "SK", level: "RENDAH", stateCode: "03", district: "KOTA BHARU", town: "KUBANG KERIAN", postcode: "16150", enrolment: 900, teachers: 60 },
  { code: "DEA9002", name: "SMK TUMPAT", type: "SMK", level: "MENENGAH", stateCode: "03", district: "TUMPAT", town: "TUMPAT", postcode: "16200", enrolment: 1000, teachers: 70 },
];
