/** The only place room names are built: one room per (election, scope). */
export function roomName(electionId: string, scope: string): string {
  return `${electionId}|${scope}`;
}

export function parseRoom(room: string): { electionId: string; scope: string } | null {
  const i = room.indexOf('|');
  return i < 0 ? null : { electionId: room.slice(0, i), scope: room.slice(i + 1) };
}
