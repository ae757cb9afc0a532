import { type ReactNode, useEffect, useState } from 'react';
import { ShownPixelRatio } from '../shared/shownPixelRatio.ts';

export const CANVAS = { width: 3840, height: 2160 };
/** A 32:9 video wall (7680×2160) gets a wider canvas with more panels, not a stretched map. */
export const WIDE_CANVAS = { width: 7680, height: 2160 };
/** From this aspect ratio on, the wide arrangement fits better than a letterboxed 16:9. */
const WIDE_FROM_ASPECT = 2.6;

/** The window's size in CSS pixels, following resizes. */
function useWindowSize(): { w: number; h: number } {
  const [size, setSize] = useState({ w: window.innerWidth, h: window.innerHeight });
  useEffect(() => {
    const onResize = () => setSize({ w: window.innerWidth, h: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return size;
}

export function useWideWall(): boolean {
  const { w, h } = useWindowSize();
  return w / h >= WIDE_FROM_ASPECT;
}

/** Below this, a map's drawing buffer would be too coarse to read even on a small window. */
const MIN_PIXEL_RATIO = 0.25;

/**
 * The wall is designed on a fixed canvas (3840×2160, or 7680×2160 for 32:9 walls) and scaled
 * uniformly to the display, centred with letterboxing when the aspect differs: one layout for
 * 1080p monitors and 4K walls. The canvases inside are drawn at the pixels the screen shows.
 */
export function ScaledCanvas({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const canvas = wide ? WIDE_CANVAS : CANVAS;
  const viewport = useWindowSize();
  const scale = Math.min(viewport.w / canvas.width, viewport.h / canvas.height);
  const left = (viewport.w - canvas.width * scale) / 2;
  const top = (viewport.h - canvas.height * scale) / 2;
  const shownPixelRatio = Math.max(MIN_PIXEL_RATIO, Math.min(window.devicePixelRatio || 1, 4) * scale);
  return (
    <div className="wall-viewport">
      <div className="wall-canvas" style={{ width: canvas.width, height: canvas.height, transform: `translate(${left}px, ${top}px) scale(${scale})` }}>
        <ShownPixelRatio.Provider value={shownPixelRatio}>{children}</ShownPixelRatio.Provider>
      </div>
    </div>
  );
}
