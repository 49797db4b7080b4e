// Starts GOV.UK Frontend and MOJ Frontend components.
// GOV.UK's page template sets these body classes with an inline script; doing it
// here instead keeps pages free of inline script, so a strict CSP needs no nonce.
// Module scripts only run in browsers that GOV.UK Frontend supports.
import { initAll } from "./govuk-frontend.min.js";
import { initAll as initAllMoj } from "./moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");

initAll();
initAllMoj();
