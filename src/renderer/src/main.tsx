import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
// Order is the cascade: tokens, base, shared primitives and components; each feature's sheet comes with its page.
import './styles/tokens.css'
import './styles/base.css'
import './styles/primitives.css'
import './components/components.css'
import { App } from './App'

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>
)
