/** The signed-in account's role and jurisdiction (`area:…`, `unit:…`), or null when nobody is signed in. */
export async function whoAmI(): Promise<{ role: string; jurisdiction: string } | null> {
  try {
    const res = await fetch('/api/v1/auth/me', { credentials: 'same-origin' });
    return res.ok ? ((await res.json()) as { role: string; jurisdiction: string }) : null;
  } catch {
    return null;
  }
}
