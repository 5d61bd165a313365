/**
 * For the bilingual printouts (the poster, the invitation letter), which put both languages on one
 * page: importing this brings the other language's messages to the browser too. Every other page
 * gets its own language's only.
 */
import { en } from "./catalogue.en";
import { ms } from "./catalogue.ms";
import { provideCatalogue } from "./translate";

provideCatalogue("ms", ms);
provideCatalogue("en", en);
