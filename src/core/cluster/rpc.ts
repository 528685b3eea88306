/**
 * What llama.cpp's RPC backend (ggml/src/ggml-rpc/ggml-rpc.cpp, tools/rpc) sends over the network
 * per pass, for a layer split whose units 2… are `rpc-server` hosts:
 *
 * - into each remote unit: the hidden state of its first layer (`RPC_CMD_SET_TENSOR`, f32) and its
 *   graph (`RPC_CMD_GRAPH_COMPUTE`: serialize_graph writes n_nodes (4 bytes), 8 bytes per node id,
 *   n_tensors (4 bytes) and one 296-byte `rpc_tensor` per tensor the graph touches). Both are sent
 *   without waiting for a reply: one one-way latency before the unit can start.
 * - out of each remote unit: `RPC_CMD_GET_TENSOR` of its last layer's hidden state, or of the
 *   logits (vocabulary × f32 per output row) when it holds the output layer; the request waits
 *   behind the graph on the server, so the critical path is the reply: one latency plus the bytes.
 * - servers never talk to each other (`RPC_CMD_COPY_TENSOR` copies within one server): a hop
 *   between two remote units is a get from one and a set into the next, through the client.
 *
 * Not modelled: builds that reuse an unchanged graph (`RPC_CMD_GRAPH_RECOMPUTE` sends 4 bytes
 * instead of the graph), the small per-pass inputs (positions, the KQ mask), and TCP's own
 * acknowledgements.
 */
import { type LinkType, transferSeconds } from "./links.js";

/** sizeof(rpc_tensor) in ggml-rpc.cpp: id, type, buffer, ne[4], nb[4], op, op_params[16], flags, src[10], view_src, view_offs, data, name[64], use_count. */
export const RPC_TENSOR_BYTES = 8 + 4 + 8 + 16 + 16 + 4 + 64 + 4 + 80 + 8 + 8 + 8 + 64 + 4;
/**
 * ggml graph nodes per transformer layer: llama.cpp logs `graph nodes = 1030` for a 32-layer
 * Llama (e.g. Llama 3 8B, ollama/llama.cpp logs): (1030 − 6) / 32 = 32 per layer.
 */
export const GRAPH_NODES_PER_LAYER = 32;
/** Tensors a layer's graph references beyond its nodes: 9 weight matrices and norms, the K and V caches. */
export const GRAPH_LEAFS_PER_LAYER = 11;

/** Bytes of the serialized graph of `layers` layers (RPC_CMD_GRAPH_COMPUTE's payload). */
export function rpcGraphBytes(layers: number): number {
  const nodes = layers * GRAPH_NODES_PER_LAYER;
  const tensors = nodes + layers * GRAPH_LEAFS_PER_LAYER;
  return 4 + 8 * nodes + 4 + RPC_TENSOR_BYTES * tensors;
}

export interface RpcStage {
  /** Seconds before the remote unit can start: latency + (hidden state + graph) / bandwidth, per micro-batch. */
  readonly inS: number;
  /** Seconds after it ends until its output is back at the client. */
  readonly outS: number;
}

/**
 * The network time around remote unit `i` (1-based remote units are indices ≥ 1) running `layers`
 * layers, over `k` micro-batches. `outBytes` is its output per micro-batch: the hidden state, or
 * the logits when it holds the output layer.
 */
export function rpcStage(
  link: LinkType,
  layers: number,
  streamBytes: number,
  outBytes: number,
  k: number,
): RpcStage {
  return {
    inS: transferSeconds(link, streamBytes + k * rpcGraphBytes(layers), k),
    outS: transferSeconds(link, outBytes, k),
  };
}
