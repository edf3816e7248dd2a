/** Page entry: start the workers, then render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startBridge } from './start';
import './styles.css';

// Before React: the bridge is a singleton outside the component tree (StrictMode mounts twice).
startBridge();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
