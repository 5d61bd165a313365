import SchoolInvitation from "../templates/school-invitation";
import { samples } from "../sample-data";

export default function Preview() {
  return <SchoolInvitation {...samples["school-invitation"]("en")} />;
}
