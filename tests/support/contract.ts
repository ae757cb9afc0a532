import { afterAll, beforeAll } from 'vitest';

/** A store for a contract suite: `connect` opens another connection to it, as another process would. */
export interface StoreUnderTest<C> {
  connect(): Promise<C>;
  teardown(): Promise<void>;
}

export interface OpenedStore<C> {
  store: StoreUnderTest<C> | null;
  a: C;
  b: C;
}

/**
 * Opens the store and two connections to it (two nodes) before the suite's tests, hands them to
 * `assign`, and closes and tears them down after. `store` is null when the store is absent
 * (PostgreSQL outside CI): the tests skip themselves then.
 */
export function twoConnections<C>(open: () => Promise<StoreUnderTest<C> | null>, assign: (opened: OpenedStore<C>) => void, close: (connection: C) => Promise<void> = async () => {}): void {
  let opened: OpenedStore<C> | null = null;
  beforeAll(async () => {
    const store = await open();
    opened = { store, a: (store ? await store.connect() : null) as C, b: (store ? await store.connect() : null) as C };
    assign(opened);
  });
  afterAll(async () => {
    if (opened?.store) {
      await close(opened.a);
      await close(opened.b);
    }
    await opened?.store?.teardown();
  });
}
