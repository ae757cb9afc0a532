import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import '../shared/base.css';
import './wall.css';
import { createRoot } from 'react-dom/client';
import { WallApp } from './WallApp.tsx';

createRoot(document.getElementById('root')!).render(<WallApp />);
