/** Resolving free-text labels (devices, models, quantizations, backends) to catalog entries. */
export { type BackendApi, type BackendResolution, resolveBackend } from "./backends.js";
export { type DeviceResolution, type ResolveDeviceOptions, resolveDevice } from "./devices.js";
export { deviceByLabel, modelByLabel } from "./lookup.js";
export { modelWords, type ResolveModelOptions, resolveModel } from "./models.js";
export { normalizeLabel } from "./normalize.js";
export { type QuantResolution, type ResolveQuantOptions, resolveQuant } from "./quants.js";
export { type Candidate, candidateList, type Resolution, type ResolutionStatus } from "./types.js";
