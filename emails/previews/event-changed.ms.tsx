import EventChanged from "../templates/event-changed";
import { samples } from "../sample-data";

export default function Preview() {
  return <EventChanged {...samples["event-changed"]("ms")} />;
}
