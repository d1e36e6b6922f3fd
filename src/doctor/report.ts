// The report format is the generated project's own, so both doctors print and emit the same.
export { fail, formatReport, pass, report, type Check, type DoctorReport } from "../../templates/base/scripts/doctor/report.js";
