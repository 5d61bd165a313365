/** The programme's advocacy materials, as a state office would hold them. */
export const DEMO_MATERIALS = [
  { code: "RIS-15999", titleMs: "Risalah Talian Kasih 15999", titleEn: "Talian Kasih 15999 pamphlet", kind: "PAMPHLET", languages: "ms,en,zh,ta", audiences: "TEACHER,PIBG,COMMUNITY", unit: "naskhah" },
  { code: "POS-KASIH", titleMs: "Poster KASIH Kanak-Kanak", titleEn: "KASIH Kanak-Kanak poster", kind: "POSTER", languages: "ms,en", audiences: "TEACHER,PIBG,COMMUNITY,PUPIL", unit: "helai" },
  { code: "KAD-15999", titleMs: "Kad Talian Kasih 15999", titleEn: "Talian Kasih 15999 card", kind: "CARD", languages: "ms,en", audiences: "TEACHER,PIBG,COMMUNITY,PUPIL", unit: "keping" },
  { code: "PLK-15999", titleMs: "Pelekat Talian Kasih 15999", titleEn: "Talian Kasih 15999 sticker", kind: "STICKER", languages: "ms", audiences: "PUPIL,COMMUNITY", unit: "keping" },
  { code: "BK-GURU", titleMs: "Buku panduan perlindungan kanak-kanak untuk guru", titleEn: "Child protection handbook for teachers", kind: "BOOKLET", languages: "ms,en", audiences: "TEACHER", unit: "naskhah" },
  { code: "BNR-KASIH", titleMs: "Kain rentang KASIH Kanak-Kanak", titleEn: "KASIH Kanak-Kanak banner", kind: "BANNER", languages: "ms", audiences: "COMMUNITY", unit: "helai" },
  { code: "VID-15999", titleMs: "Video: Kenali tanda penderaan kanak-kanak", titleEn: "Video: recognising child abuse", kind: "VIDEO", languages: "ms,en", audiences: "TEACHER,PIBG,COMMUNITY", unit: "pautan", url: "https://www.kpwkm.gov.my" },
  { code: "LNK-JKM", titleMs: "Laman perlindungan kanak-kanak JKM", titleEn: "JKM child protection page", kind: "LINK", languages: "ms,en", audiences: "TEACHER,PIBG,COMMUNITY", unit: "pautan", url: "https://www.jkm.gov.my" },
] as const;
