import Waitlisted from "../templates/waitlisted";
import { samples } from "../sample-data";

export default function Preview() {
  return <Waitlisted {...samples["waitlisted"]("en")} />;
}
