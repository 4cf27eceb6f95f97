import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { PlaygroundPage } from './features/playground/PlaygroundPage';
import { createGraphqlClient } from './graphql/client';
import './styles.css';

const client = createGraphqlClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Provider value={client}>
      <PlaygroundPage />
    </Provider>
  </StrictMode>,
);
