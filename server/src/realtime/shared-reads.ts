/**
 * Shares reads of the same key among callers that arrive together — a room of walls reconnecting after a
 * restart asks for the same nation snapshot thousands of times at once — without ever handing a caller a read
 * that started before it called: a subscriber joins the room and then reads, and only a read that began after
 * its join is sure to be as new as anything the room will stream to it (decision 0002). So a caller gets the
 * read in flight only if none is in flight yet; otherwise it waits for the next one, shared by everyone who
 * arrived meanwhile. At most two reads per key per round trip, however many callers.
 */
export class SharedReads<T> {
  private current = new Map<string, Promise<T>>();
  private next = new Map<string, Promise<T>>();

  read(key: string, fn: () => Promise<T>): Promise<T> {
    let queued = this.next.get(key);
    // A queued read has not started yet, so it is new enough for this caller too.
    if (queued) return queued;
    const inFlight = this.current.get(key);
    if (!inFlight) return this.start(key, fn);
    queued = inFlight
      .catch(() => undefined)
      .then(() => {
        this.next.delete(key);
        return this.start(key, fn);
      });
    this.next.set(key, queued);
    return queued;
  }

  private start(key: string, fn: () => Promise<T>): Promise<T> {
    const p = fn().finally(() => {
      if (this.current.get(key) === p) this.current.delete(key);
    });
    this.current.set(key, p);
    return p;
  }
}
