/** Entry point: restore the state from the URL, then render. */
import { render } from "preact";
import { App } from "./app.js";
import { knownDevice, knownModel } from "./state/catalog.js";
import { decodeState } from "./state/url-state.js";
import "./styles/base.css";
import "./styles/controls.css";
import "./styles/views.css";
import "./styles/answer.css";

const root = document.getElementById("app");
if (!root) throw new Error("no #app element");
const { state, warnings } = await decodeState(location.hash, knownModel, knownDevice);
root.replaceChildren();
render(<App initial={state} warnings={warnings} />, root);
