import RegistrationCancelled from "../templates/registration-cancelled";
import { samples } from "../sample-data";

export default function Preview() {
  return <RegistrationCancelled {...samples["registration-cancelled"]("en")} />;
}
