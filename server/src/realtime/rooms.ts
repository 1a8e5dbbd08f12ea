/** The only place room names are built: one room per (election, scope). */
export function roomName(electionId: string, scope: string): string {
  return `${electionId}|${scope}`;
}

export function parseRoom(room: string): { electionId: string; scope: string } | null {
  const i = room.indexOf('|');
  if (i >= 0 && room.startsWith(INCIDENTS, i + 1)) return null; // an incident feed, not a scope's figures
  return i < 0 ? null : { electionId: room.slice(0, i), scope: room.slice(i + 1) };
}

const INCIDENTS = 'incidents@';

/** The room of a scope's incident feed (separate from its figures: other events, other readers). */
export function incidentRoomName(electionId: string, scope: string): string {
  return `${electionId}|${INCIDENTS}${scope}`;
}

export function parseIncidentRoom(room: string): { electionId: string; scope: string } | null {
  const i = room.indexOf('|');
  if (i < 0 || !room.startsWith(INCIDENTS, i + 1)) return null;
  return { electionId: room.slice(0, i), scope: room.slice(i + 1 + INCIDENTS.length) };
}
