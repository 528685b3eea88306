/** The host, the GPU and the link between them that an offload runs on. */

import type { LinkType } from "../cluster/links.js";
import { directLink, type System, type SystemUnit, unitsOfKind } from "../cluster/system.js";
import { InputError } from "../errors.js";

export interface HostAndGpu {
  readonly host: SystemUnit | null;
  readonly gpu: SystemUnit | null;
  /** The host–GPU link; null when they share memory ("unified"); undefined without both units. */
  readonly link: LinkType | null | undefined;
}

/**
 * The first host and the first GPU of a system (an offload uses one of each; splits over
 * several GPUs are `ridgeline split`'s). A GPU without a link to the host is refused.
 */
export function hostAndGpu(s: System): HostAndGpu {
  const host = unitsOfKind(s, "host")[0] ?? null;
  const gpus = unitsOfKind(s, "gpu");
  const gpu = gpus[0] ?? null;
  if (!host && !gpu) throw new InputError("--system", s.name, "has neither a host nor a GPU");
  if (!host || !gpu) return { host, gpu, link: undefined };
  const l = directLink(s, host.id, gpu.id);
  if (!l) throw new InputError("--system", s.name, `no link joins ${host.id} and ${gpu.id}`);
  return { host, gpu, link: l.type };
}
