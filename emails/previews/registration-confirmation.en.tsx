import RegistrationConfirmation from "../templates/registration-confirmation";
import { samples } from "../sample-data";

export default function Preview() {
  return <RegistrationConfirmation {...samples["registration-confirmation"]("en")} />;
}
