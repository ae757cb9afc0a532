import { type ReactNode, useEffect, useState } from 'react';

export const CANVAS = { width: 3840, height: 2160 };

/**
 * The wall is designed on a fixed 3840×2160 canvas and scaled uniformly to the display, centred
 * with letterboxing when the aspect differs: one layout for 1080p monitors and 4K walls.
 */
export function ScaledCanvas({ children }: { children: ReactNode }) {
  const [viewport, setViewport] = useState({ w: window.innerWidth, h: window.innerHeight });
  useEffect(() => {
    const onResize = () => setViewport({ w: window.innerWidth, h: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const scale = Math.min(viewport.w / CANVAS.width, viewport.h / CANVAS.height);
  const left = (viewport.w - CANVAS.width * scale) / 2;
  const top = (viewport.h - CANVAS.height * scale) / 2;
  return (
    <div className="wall-viewport">
      <div className="wall-canvas" style={{ width: CANVAS.width, height: CANVAS.height, transform: `translate(${left}px, ${top}px) scale(${scale})` }}>
        {children}
      </div>
    </div>
  );
}
