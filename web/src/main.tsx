/** Entry point: restore the state from the URL, then render. */
import { render } from "preact";
import { App, knownDevice, knownModel } from "./app.js";
import { decodeState } from "./url-state.js";
import "./styles.css";

const root = document.getElementById("app");
if (!root) throw new Error("no #app element");
const { state, warnings } = await decodeState(location.hash, knownModel, knownDevice);
root.replaceChildren();
render(<App initial={state} warnings={warnings} />, root);
