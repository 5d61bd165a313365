import MaterialsReceipt from "../templates/materials-receipt";
import { samples } from "../sample-data";

export default function Preview() {
  return <MaterialsReceipt {...samples["materials-receipt"]("en")} />;
}
