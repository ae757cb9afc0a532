import { type ReactNode, useEffect, useState } from 'react';
import { ShownPixelRatio } from '../shared/shownPixelRatio.ts';

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

interface CanvasFit {
  canvas: { width: number; height: number };
  /** CSS pixels of the display per CSS pixel of the canvas. */
  scale: number;
  left: number;
  top: number;
}

/** How the wall's canvas fits the window now: its scale and where it stands. */
function useCanvasFit(wide: boolean): CanvasFit {
  const canvas = wide ? WIDE_CANVAS : CANVAS;
  const [viewport, setViewport] = useState({ w: window.innerWidth, h: window.innerHeight });
  useEffect(() => {
    const onResize = () => setViewport({ w: window.innerWidth, h: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const scale = Math.min(viewport.w / canvas.width, viewport.h / canvas.height);
  return { canvas, scale, left: (viewport.w - canvas.width * scale) / 2, top: (viewport.h - canvas.height * scale) / 2 };
}

/** Below this, a map's drawing buffer would be too coarse to read even on a small window. */
const MIN_PIXEL_RATIO = 0.25;

/** Drawing-buffer pixels per canvas pixel that match what the screen shows of the scaled canvas. */
const shownPixelRatio = (fit: CanvasFit): number => Math.max(MIN_PIXEL_RATIO, Math.min(window.devicePixelRatio || 1, 4) * fit.scale);

/**
 * The wall is designed on a fixed canvas (3840×2160, or 7680×2160 for 32:9 walls) and scaled
 * uniformly to the display, centred with letterboxing when the aspect differs: one layout for
 * 1080p monitors and 4K walls. The canvases inside are drawn at the pixels the screen shows.
 */
export function ScaledCanvas({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const fit = useCanvasFit(wide);
  const { canvas, scale, left, top } = fit;
  return (
    <div className="wall-viewport">
      <div className="wall-canvas" style={{ width: canvas.width, height: canvas.height, transform: `translate(${left}px, ${top}px) scale(${scale})` }}>
        <ShownPixelRatio.Provider value={shownPixelRatio(fit)}>{children}</ShownPixelRatio.Provider>
      </div>
    </div>
  );
}
