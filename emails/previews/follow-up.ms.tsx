import FollowUp from "../templates/follow-up";
import { samples } from "../sample-data";

export default function Preview() {
  return <FollowUp {...samples["follow-up"]("ms")} />;
}
