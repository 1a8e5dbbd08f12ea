/** A bench's server process: its V8 heap, read from its /metrics (prom-client defaults). */
export async function serverHeap(url: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const mb = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
  const f = (x: number) => `${x.toFixed(0)} MB`;
  return `${f(mb('nodejs_heap_size_used_bytes'))} / ${f(mb('nodejs_heap_size_total_bytes'))}, ${f(mb('nodejs_external_memory_bytes'))}`;
}
