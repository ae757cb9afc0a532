import { createContext, useContext } from 'react';

/**
 * Drawing-buffer pixels per CSS pixel for the canvases of a page scaled by a CSS transform (the
 * wall's 4K canvas on a smaller screen): what the screen shows, so charts and maps are not drawn
 * at pixels nobody sees. Undefined: the device's own ratio (pages that are not scaled).
 */
export const ShownPixelRatio = createContext<number | undefined>(undefined);

export const useShownPixelRatio = (): number | undefined => useContext(ShownPixelRatio);
