import EventReminder from "../templates/event-reminder";
import { samples } from "../sample-data";

export default function Preview() {
  return <EventReminder {...samples["event-reminder"]("en")} />;
}
