import Promoted from "../templates/promoted";
import { samples } from "../sample-data";

export default function Preview() {
  return <Promoted {...samples["promoted"]("ms")} />;
}
