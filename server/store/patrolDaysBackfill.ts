/**
 * The patrol_days migration's backfill, the same SQL on SQLite and PostgreSQL: each worker's patrol
 * per Beijing day from the track points already stored — the steps between fixes at most 5 min
 * (300,000 ms) apart, counted on the later fix's day, their length in the city's equirectangular
 * km (91.5211 per degree of longitude, 110.574 of latitude, as common/geo/projection.ts), as
 * server/field/patrolTally.ts counts them when points are stored. Part of a shipped migration:
 * never edit it, add a migration instead.
 */
export const PATROL_DAYS_BACKFILL_SQL = `INSERT INTO patrol_days (worker, day_start_ms, patrol_ms, patrol_m)
   SELECT worker, at_ms - ((at_ms + 28800000) % 86400000), SUM(at_ms - prev_ms),
          SUM(1000 * sqrt(((lng - prev_lng) * 91.5211) * ((lng - prev_lng) * 91.5211) + ((lat - prev_lat) * 110.574) * ((lat - prev_lat) * 110.574)))
   FROM (SELECT worker, at_ms, lng, lat, LAG(at_ms) OVER w AS prev_ms, LAG(lng) OVER w AS prev_lng, LAG(lat) OVER w AS prev_lat
         FROM track_points WINDOW w AS (PARTITION BY worker ORDER BY at_ms)) AS steps
   WHERE prev_ms IS NOT NULL AND at_ms > prev_ms AND at_ms - prev_ms <= 300000
   GROUP BY worker, at_ms - ((at_ms + 28800000) % 86400000);`;
