/**
 * Incidents through the simulated day (issue 7 item 1): a seeded plan of reports at a realistic rate and mix, with
 * some likely duplicates, and the operations room's progress on them (acknowledged within minutes, worked,
 * resolved, closed; a few rejected; duplicates merged), sent over the real API with the province committees'
 * tokens (they report for their teams and triage, as the provincial operations rooms do).
 *
 * Rate and mix are assumptions (no published 2026 figures): about 1 report per 70 polling areas, heaviest at the
 * opening (crowds, late starts, equipment) and after the close (complaints during counting); complaints, public
 * order and communications lead; 5 % critical.
 */
import type { Rng } from '@ecc/fixtures';
import { createRng } from '@ecc/fixtures';
import type { IncidentAction, IncidentCategory, PollingArea, Severity } from '@ecc/shared';
import { localInstant } from '@ecc/shared';

export const INCIDENTS_PER_AREA = 1 / 70;

const MIX: [IncidentCategory, number][] = [
  ['complaint', 24],
  ['security-order', 18],
  ['traffic-communications', 13],
  ['cyber-information', 10],
  ['health', 10],
  ['voting-interruption', 8],
  ['disaster-weather', 7],
  ['fire-rescue', 3],
  ['other', 7],
];
const SEVERITY: [Severity, number][] = [
  ['low', 45],
  ['medium', 35],
  ['high', 15],
  ['critical', 5],
];
/** Reports per hour of the day (local), relative: the opening and the counting are the busy hours. */
const HOURLY: [number, number][] = [
  [5, 2],
  [6, 9],
  [7, 10],
  [8, 7],
  [9, 5],
  [10, 4],
  [11, 4],
  [12, 3],
  [13, 3],
  [14, 3],
  [15, 3],
  [16, 3],
  [17, 3],
  [18, 3],
  [19, 6],
  [20, 6],
];

const TEXT: Record<IncidentCategory, string[]> = {
  'security-order': [
    'Một nhóm người tụ tập, gây ồn ào trước khu vực bỏ phiếu',
    'Người say rượu gây rối tại điểm bỏ phiếu',
  ],
  'cyber-information': [
    'Trang mạng xã hội đăng tin sai về thời gian bỏ phiếu',
    'Tin nhắn giả mạo kêu gọi không đi bầu',
  ],
  complaint: ['Cử tri khiếu nại không có tên trong danh sách cử tri', 'Cử tri phản ánh thẻ cử tri ghi sai họ tên'],
  'fire-rescue': ['Chập điện nhỏ tại nhà văn hóa, đã ngắt điện', 'Khói từ bếp nhà dân cạnh điểm bỏ phiếu'],
  'disaster-weather': ['Mưa lớn, sân điểm bỏ phiếu ngập nước', 'Gió mạnh làm đổ bảng niêm yết danh sách'],
  health: ['Cử tri cao tuổi bị choáng khi xếp hàng', 'Thành viên tổ bầu cử sốt cao, cần thay người'],
  'traffic-communications': ['Mất sóng điện thoại tại điểm bỏ phiếu', 'Đường vào điểm bỏ phiếu bị sạt lở một đoạn'],
  'voting-interruption': ['Tạm dừng bỏ phiếu 15 phút do mất điện', 'Hòm phiếu phụ hỏng khóa, đã niêm phong lại'],
  other: ['Thiếu bút viết tại buồng bỏ phiếu', 'Loa phát thanh hỏng'],
};

export interface SimIncident {
  index: number;
  /** Idempotency key: a restart re-sends and gets the same incident back. */
  key: string;
  atMs: number;
  province: string;
  body: {
    category: IncidentCategory;
    severity: Severity;
    pollingAreaId: string;
    observedAt: string;
    description: string;
    lat?: number;
    lon?: number;
  };
  /** Triage steps after the report; `duplicateOf` steps name the original's index. */
  steps: { atMs: number; action: IncidentAction | { type: 'duplicate'; ofIndex: number } }[];
}

const iso = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 19) + '+07:00';

function triage(rng: Rng, at: number, severity: Severity): SimIncident['steps'] {
  // Critical ones are acknowledged within 1–4 min; a few are left to breach their deadline.
  const fast = severity === 'critical' || severity === 'high';
  if (rng.chance(0.04)) return [];
  const ack = at + rng.int(fast ? 1 : 3, fast ? 4 : 25) * 60_000 + (rng.chance(0.05) ? 10 * 60_000 : 0);
  if (rng.chance(0.05)) {
    return [
      { atMs: ack, action: { type: 'transition', to: 'acknowledged' } },
      { atMs: ack + rng.int(2, 10) * 60_000, action: { type: 'transition', to: 'rejected', note: 'Không xác thực' } },
    ];
  }
  const work = ack + rng.int(1, 10) * 60_000;
  const resolved = work + rng.int(10, fast ? 50 : 120) * 60_000;
  return [
    { atMs: ack, action: { type: 'transition', to: 'acknowledged' } },
    { atMs: ack + 30_000, action: { type: 'claim' } },
    { atMs: work, action: { type: 'transition', to: 'in-progress' } },
    { atMs: work + 60_000, action: { type: 'comment', text: 'Lực lượng tại chỗ đã có mặt' } },
    { atMs: resolved, action: { type: 'transition', to: 'resolved', note: 'Đã xử lý xong' } },
    ...(rng.chance(0.8)
      ? [{ atMs: resolved + rng.int(5, 30) * 60_000, action: { type: 'transition' as const, to: 'closed' as const } }]
      : []),
  ];
}

/** The day's incidents, deterministic from (areas, seed), in report order. */
export function planIncidents(
  areas: readonly PollingArea[],
  electionDate: string,
  seed: number,
  perArea = INCIDENTS_PER_AREA,
): SimIncident[] {
  const rng = createRng(seed).fork('incidents');
  const today = areas.filter((a) => a.votingDate === electionDate);
  const n = Math.max(1, Math.round(today.length * perArea));
  const hours = HOURLY.map(([h]) => h);
  const weights = HOURLY.map(([, w]) => w);
  const out: SimIncident[] = [];
  for (let i = 0; i < n; i++) {
    const area = rng.pick(today);
    const hour = rng.weighted(hours, weights);
    const atMs = localInstant(electionDate, `${String(hour).padStart(2, '0')}:00`) + rng.int(0, 3599) * 1000;
    const category = rng.weighted(
      MIX.map(([c]) => c),
      MIX.map(([, w]) => w),
    );
    const severity = rng.weighted(
      SEVERITY.map(([s]) => s),
      SEVERITY.map(([, w]) => w),
    );
    const gps = area.lat !== undefined && area.lon !== undefined && rng.chance(0.6);
    out.push({
      index: i,
      key: `sim-inc-${seed}-${i}`,
      atMs,
      province: area.provinceCode,
      body: {
        category,
        severity,
        pollingAreaId: area.id,
        observedAt: iso(atMs - rng.int(1, 15) * 60_000),
        description: rng.pick(TEXT[category]),
        ...(gps ? { lat: area.lat! + rng.float(-0.001, 0.001), lon: area.lon! + rng.float(-0.001, 0.001) } : {}),
      },
      steps: triage(rng, atMs, severity),
    });
    // About 1 in 20 is reported a second time by someone else a few minutes later: the room merges it.
    if (rng.chance(0.05)) {
      const again = atMs + rng.int(2, 12) * 60_000;
      out.push({
        index: ++i,
        key: `sim-inc-${seed}-${i}`,
        atMs: again,
        province: area.provinceCode,
        body: {
          ...out[out.length - 1]!.body,
          observedAt: iso(again - 60_000),
          description: 'Báo cáo lại: ' + rng.pick(TEXT[category]),
        },
        steps: [{ atMs: again + rng.int(2, 8) * 60_000, action: { type: 'duplicate', ofIndex: i - 1 } }],
      });
    }
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

export interface IncidentSimStats {
  reported: number;
  steps: number;
  failed: number;
}

/**
 * Sends the plan's reports and steps as the simulated clock passes them (`clock()` = simulated now); call
 * `tick` as often as convenient. Steps of an incident whose report failed are skipped.
 */
export class IncidentSim {
  readonly stats: IncidentSimStats = { reported: 0, steps: 0, failed: 0 };
  private queue: { atMs: number; run: () => Promise<void> }[] = [];
  private ids = new Map<number, string>();
  /** After a restart: how many of an incident's steps the server already has (they are not sent again). */
  private done = new Map<number, number>();
  private busy = false;

  constructor(
    private url: string,
    plan: readonly SimIncident[],
    private tokenOf: (province: string) => string | undefined,
    private f: typeof fetch = fetch,
  ) {
    for (const inc of plan) {
      this.queue.push({ atMs: inc.atMs, run: () => this.report(inc) });
      for (const s of inc.steps) this.queue.push({ atMs: s.atMs, run: () => this.step(inc, s.action) });
    }
    this.queue.sort((a, b) => a.atMs - b.atMs);
  }

  get remaining(): number {
    return this.queue.length;
  }

  async tick(until: number): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length && this.queue[0]!.atMs <= until) await this.queue.shift()!.run();
    } finally {
      this.busy = false;
    }
  }

  private async call(
    path: string,
    province: string,
    body: unknown,
    key?: string,
  ): Promise<{ json: Record<string, unknown>; replayed: boolean } | null> {
    const token = this.tokenOf(province);
    if (!token) return null;
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key) headers['idempotency-key'] = key;
    try {
      const res = await this.f(this.url + path, {
        method: body === undefined ? 'GET' : 'POST',
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      return res.ok ? { json, replayed: res.headers.get('idempotent-replayed') === 'true' } : null;
    } catch {
      return null;
    }
  }

  private async report(inc: SimIncident): Promise<void> {
    const r = await this.call('/api/v1/incidents', inc.province, inc.body, inc.key);
    const id = r?.json.id;
    if (!r || typeof id !== 'string') return void this.stats.failed++;
    this.ids.set(inc.index, id);
    this.stats.reported++;
    if (!r.replayed) return;
    // A restarted day: the steps its timeline already holds (all but its creation and merges) are not sent again.
    const d = await this.call(`/api/v1/incidents/${id}`, inc.province, undefined);
    const timeline = (d?.json.timeline ?? []) as { type?: string }[];
    this.done.set(inc.index, timeline.filter((e) => e.type !== 'created' && e.type !== 'merged').length);
  }

  private async step(inc: SimIncident, a: SimIncident['steps'][number]['action']): Promise<void> {
    const id = this.ids.get(inc.index);
    if (!id) return;
    const skip = this.done.get(inc.index) ?? 0;
    if (skip > 0) return void this.done.set(inc.index, skip - 1);
    let action: IncidentAction;
    if ('ofIndex' in a) {
      const of = this.ids.get(a.ofIndex);
      if (!of) return;
      action = { type: 'duplicate', of };
    } else action = a;
    const r = await this.call(`/api/v1/incidents/${id}/events`, inc.province, action);
    if (r) this.stats.steps++;
  }
}
