import { type FormEvent, useEffect, useState } from 'react';
import { t } from './i18n.ts';

/** Longitude/latitude inputs; `value` follows the latest point picked elsewhere (map, GPS). */
export function CoordinateForm({ value, onSubmit }: { value?: { lng: number; lat: number }; onSubmit: (lng: number, lat: number) => void }) {
  const [lng, setLng] = useState('113.6606');
  const [lat, setLat] = useState('34.7545');
  useEffect(() => {
    if (!value) return;
    setLng(value.lng.toFixed(5));
    setLat(value.lat.toFixed(5));
  }, [value]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(Number(lng), Number(lat));
  };
  return (
    <form className="coordinate-form" onSubmit={submit}>
      <label>
        {t('longitude')}
        <input name="lng" inputMode="decimal" value={lng} onChange={(e) => setLng(e.target.value)} required />
      </label>
      <label>
        {t('latitude')}
        <input name="lat" inputMode="decimal" value={lat} onChange={(e) => setLat(e.target.value)} required />
      </label>
      <button type="submit">{t('locate')}</button>
    </form>
  );
}
