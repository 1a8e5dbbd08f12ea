import type { Ack, ClientToServerEvents, IncidentSnapshot, Principal, ServerToClientEvents } from '@ecc/shared';
import { apiError, EV_INCIDENTS, NATIONAL_ROLES, scopeSchema } from '@ecc/shared';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import type { IncidentsService } from '../services/incidents.service.js';
import { incidentRoomName } from './rooms.js';

/** Incident feeds exist for the hierarchy's scopes and for electoral units (election boards). */
export const incidentScopeSchema = z.union([scopeSchema, z.string().regex(/^unit:(na|pc|cc)-[0-9a-z-]{2,24}$/)]);
const reqSchema = z.strictObject({ scope: incidentScopeSchema, limit: z.number().int().min(1).max(1000).optional() });

/** Bounded rooms per socket, like scope subscriptions. */
const MAX_ROOMS = 64;

type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/**
 * `incidents:subscribe` joins the scope's incident room (joined first, read second, as for figures) and
 * answers a snapshot; only signed-in users inside the scope's jurisdiction get one (never anonymous sockets).
 */
export function registerIncidentHandlers(
  socket: IoSocket,
  d: {
    incidents: IncidentsService;
    electionId: string;
    principal: () => Principal | null;
    provinceOf: (electionId: string, commune: string) => Promise<string | undefined>;
  },
): void {
  socket.on(EV_INCIDENTS.subscribe, async (raw, ack) => {
    if (typeof ack !== 'function') return;
    const reply = (r: Ack<IncidentSnapshot>) => ack(r);
    const req = reqSchema.safeParse(raw);
    if (!req.success) return reply({ ok: false, error: apiError('INVALID_FIELD', 'scope') });
    if (socket.rooms.size > MAX_ROOMS) return reply({ ok: false, error: apiError('FORBIDDEN', 'scope') });
    const { scope, limit = 200 } = req.data;
    const p = d.principal();
    const commune = scope.startsWith('commune:') ? scope.slice(8) : scope.startsWith('area:') ? scope.slice(5, 10) : '';
    const province = commune ? await d.provinceOf(d.electionId, commune) : undefined;
    const ok =
      d.incidents.mayReadScope(p, scope, () => province) &&
      p !== null &&
      (p.election === d.electionId || NATIONAL_ROLES.has(p.role));
    if (!ok) return reply({ ok: false, error: apiError(p ? 'FORBIDDEN' : 'UNAUTHENTICATED', 'scope') });
    const room = incidentRoomName(d.electionId, scope);
    await socket.join(room);
    try {
      reply({ ok: true, data: await d.incidents.list(d.electionId, scope, limit) });
    } catch {
      await socket.leave(room);
      reply({ ok: false, error: apiError('STORE_UNAVAILABLE') });
    }
  });

  socket.on(EV_INCIDENTS.unsubscribe, async (raw, ack) => {
    const req = reqSchema.safeParse(raw);
    if (req.success) await socket.leave(incidentRoomName(d.electionId, req.data.scope));
    if (typeof ack === 'function') {
      ack(req.success ? { ok: true, data: null } : { ok: false, error: apiError('INVALID_FIELD', 'scope') });
    }
  });
}
