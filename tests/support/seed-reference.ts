import { db } from "../../app/utils/db.server";
import { seedReferenceData } from "../../prisma/seed/reference-data";

seedReferenceData(db)
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
