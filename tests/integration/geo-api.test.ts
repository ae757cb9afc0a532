import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index.ts';
import { login, startTestServer } from '../support/server.ts';
import { tileAt, tileLayers } from '../support/tiles.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
  token = await login(server.url, 'wall');
});
afterAll(() => server?.stop());

let token = '';
const get = (path: string) => fetch(`${server.url}${path}`, path.startsWith('/api/geo') ? { headers: { authorization: `Bearer ${token}` } } : {});

const layersOf = (tile: [number, number, number]) => tileLayers(server.url, tile);

describe('HTTP API', () => {
  it('GET /api/health answers ok', async () => {
    const res = await get('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('GET /api/geo/summary counts every level', async () => {
    const summary = await (await get('/api/geo/summary')).json();
    expect(summary).toMatchObject({ districts: 16, streets: 208, communities: 3306, grids: 19_582, microGrids: 47_188, exclusiveGrids: 4_835, departments: 16 });
    expect(summary.workers).toBeGreaterThan(95_000);
    expect(summary.byDistrict).toHaveLength(16);
    expect(summary.byDistrict.reduce((sum: number, d: { grids: number }) => sum + d.grids, 0)).toBe(19_582);
  });

  it('GET /api/geo/locate gives the full path of names and codes', async () => {
    const res = await get('/api/geo/locate?lng=113.772&lat=34.7595');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.district).toEqual({ code: '4101ZD', name: '郑东新区', kind: 'functional' });
    expect(body.grid).toMatchObject({ name: '郑州东站专属网格', kind: 'exclusive' });
    expect(body.street.code).toMatch(/^\d{9}$/);
    expect(body.community.code).toMatch(/^\d{12}$/);
  });

  it('GET /api/geo/locate answers 404 outside the city', async () => {
    const res = await get('/api/geo/locate?lng=116.4&lat=39.9');
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/outside 郑州市/);
  });

  it.each([
    ['lng=abc&lat=34.7', ['lng']],
    ['lat=34.7', ['lng']],
    ['lng=113.6&lat=91', ['lat']],
    ['lng=200&lat=-100', ['lng', 'lat']],
  ])('GET /api/geo/locate?%s is a 400 naming %j', async (query, fields) => {
    const res = await get(`/api/geo/locate?${query}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.fields).toEqual(fields);
    for (const field of fields) expect(body.error).toContain(field);
  });

  it('unknown API paths are JSON 404s', async () => {
    const res = await get('/api/nope');
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/no such endpoint/);
  });

  it('pages answer 503 with a hint when the client is not built', async () => {
    const res = await get('/wall');
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/npm run build/);
  });
});

describe('map style and vector tiles', () => {
  it('serves a valid MapLibre style pointing at its own tiles, with no glyph server', async () => {
    const style = await (await get('/api/map/style.json')).json();
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.glyphs).toBeUndefined();
    expect(style.sources.city.tiles[0]).toBe(`${server.url}/api/map/tiles/{z}/{x}/{y}.pbf`);
  });

  it('scales lines and labels for the wall', async () => {
    const plain = await (await get('/api/map/style.json')).json();
    const wall = await (await get('/api/map/style.json?scale=2')).json();
    const width = (style: { layers: { id: string; paint?: Record<string, unknown> }[] }) => style.layers.find((l) => l.id === 'city-grid-line')!.paint!['line-width'];
    expect(width(wall)).toBe(2 * (width(plain) as number));
    expect((await get('/api/map/style.json?scale=99')).status).toBe(400);
  });

  it('reports its configuration, with no base style unless MAP_STYLE_URL is set', async () => {
    expect(await (await get('/api/map/config')).json()).toMatchObject({ baseStyleUrl: null, cityStyleUrl: '/api/map/style.json' });
  });

  it('a city-scale tile holds the 16 districts and their labels but no grids', async () => {
    const layers = await layersOf(tileAt(113.6, 34.7, 7));
    expect(layers.districts?.length).toBe(16);
    expect(layers.districtLabels?.length).toBe(16);
    expect(layers.rivers?.length).toBeGreaterThan(0);
    expect(layers.grids).toBeUndefined();
    expect(layers.microGrids).toBeUndefined();
  });

  it('a close-up tile holds grids and micro-grids with names and codes', async () => {
    const layers = await layersOf(tileAt(113.6606, 34.7545, 14));
    expect(layers.grids!.length).toBeGreaterThan(10);
    expect(layers.microGrids!.length).toBeGreaterThan(10);
    const names = Array.from({ length: layers.grids!.length }, (_, i) => layers.grids!.feature(i).properties.name);
    expect(names).toContain('二七塔商圈专属网格');
  });

  it('answers 204 for a tile with nothing in it and 400 for impossible coordinates', async () => {
    const [z, x, y] = tileAt(0, 0, 10);
    expect((await get(`/api/map/tiles/${z}/${x}/${y}.pbf`)).status).toBe(204);
    expect((await get('/api/map/tiles/3/9/1.pbf')).status).toBe(400);
    expect((await get('/api/map/tiles/15/1/1.pbf')).status).toBe(400);
  });
});

describe('GET /api/geo/units: the hierarchy one level at a time', () => {
  const units = async (query: string) => {
    const res = await get(`/api/geo/units${query}`);
    return { res, body: await res.json() };
  };

  it('without a parent lists the 16 districts, functional zones included, and may be cached', async () => {
    const { res, body } = await units('');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(body.parent).toBeNull();
    expect(body.units).toHaveLength(16);
    expect(body.units[1]).toMatchObject({ code: '410103', name: '二七区', level: 'district' });
    // Every grid worker of the roster is in exactly one district.
    expect(body.units.reduce((sum: number, u: { workers: number }) => sum + u.workers, 0)).toBe(100_394);
    expect(body.units.map((u: { code: string }) => u.code)).toContain('4101ZD');
  });

  it("a district's streets, a street's communities, a community's grids", async () => {
    const district = (await units('?parent=410103')).body;
    expect(district.parent).toMatchObject({ code: '410103', name: '二七区', level: 'district' });
    expect(district.units).toHaveLength(16);
    expect(district.units[0]).toEqual({ code: '410103001', name: '淮河路街道', level: 'street', workers: 584 });
    // A unit holds exactly the workers of its children.
    expect(district.units.reduce((sum: number, u: { workers: number }) => sum + u.workers, 0)).toBe(district.parent.workers);
    expect(district.units.at(-1)).toMatchObject({ code: '410103100', name: '马寨镇', level: 'street' });

    const street = (await units('?parent=410103001')).body;
    expect(street.units).toHaveLength(12);
    expect(street.units[0]).toMatchObject({ code: '410103001001', name: '淮河社区', level: 'community' });
    expect(street.units.reduce((sum: number, u: { workers: number }) => sum + u.workers, 0)).toBe(584);

    const community = (await units('?parent=410103001001')).body;
    const names = community.units.map((u: { name: string }) => u.name);
    expect(community.units).toHaveLength(14);
    // Regular grids first, in order, then the exclusive ones (serials 501…).
    expect(names.slice(0, 2)).toEqual(['淮河社区第一网格', '淮河社区第二网格']);
    expect(community.units[7]).toMatchObject({ code: '410103001001501', name: '二七塔商圈专属网格', level: 'grid' });
    expect(community.units[7].workers).toBeGreaterThanOrEqual(2);
  });

  it("a functional zone's streets keep their own administrative codes", async () => {
    const { body } = await units('?parent=4101ZD');
    expect(body.parent.name).toBe('郑东新区');
    expect(body.units).toHaveLength(6);
    expect(body.units.map((u: { name: string }) => u.name)).toContain('龙子湖街道');
  });

  // Codes are the city's own strings: only what no unit code can be (a space, other characters, over 40) is malformed.
  it.each(['410103%20', '%E4%B8%AD%E5%8E%9F', 'a_b', 'x'.repeat(41)])('parent=%s is a 400 naming the field', async (code) => {
    const { res, body } = await units(`?parent=${code}`);
    expect(res.status).toBe(400);
    expect(body.fields).toEqual(['parent']);
    expect(body.error).toContain('parent');
  });

  it.each(['410103999', '41010', 'abc', '410103001001001'])('parent=%s, a code of no district, street or community, is a 404', async (code) => {
    const { res, body } = await units(`?parent=${code}`);
    expect(res.status).toBe(404);
    expect(body.error).toContain(code);
  });
});
