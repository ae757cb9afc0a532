import { type ReactNode, useEffect, useState } from 'react';

export const CANVAS = { width: 3840, height: 2160 };
/** A 32:9 video wall (7680×2160) gets a wider canvas with more panels, not a stretched map. */
export const WIDE_CANVAS = { width: 7680, height: 2160 };
/** From this aspect ratio on, the wide arrangement fits better than a letterboxed 16:9. */
const WIDE_FROM_ASPECT = 2.6;

export function useWideWall(): boolean {
  const [wide, setWide] = useState(window.innerWidth / window.innerHeight >= WIDE_FROM_ASPECT);
  useEffect(() => {
    const onResize = () => setWide(window.innerWidth / window.innerHeight >= WIDE_FROM_ASPECT);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return wide;
}

/**
 * The wall is designed on a fixed canvas (3840×2160, or 7680×2160 for 32:9 walls) and scaled
 * uniformly to the display, centred with letterboxing when the aspect differs: one layout for
 * 1080p monitors and 4K walls.
 */
export function ScaledCanvas({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const canvas = wide ? WIDE_CANVAS : CANVAS;
  const [viewport, setViewport] = useState({ w: window.innerWidth, h: window.innerHeight });
  useEffect(() => {
    const onResize = () => setViewport({ w: window.innerWidth, h: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const scale = Math.min(viewport.w / canvas.width, viewport.h / canvas.height);
  const left = (viewport.w - canvas.width * scale) / 2;
  const top = (viewport.h - canvas.height * scale) / 2;
  return (
    <div className="wall-viewport">
      <div className="wall-canvas" style={{ width: canvas.width, height: canvas.height, transform: `translate(${left}px, ${top}px) scale(${scale})` }}>
        {children}
      </div>
    </div>
  );
}
