/**
 * Keeps one section's failure (a chunk that did not load, a render bug) from
 * blanking the whole app: the header, the other tabs and the user's work stay.
 */
import { Component, type ReactNode } from 'react';

interface Props {
  section: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

export class SectionBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidUpdate(prev: Props) {
    // Moving to another tab gives the next section a fresh start.
    if (prev.section !== this.props.section && this.state.error) this.setState({ error: null });
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    // A chunk that failed to load usually means the site was updated since this page loaded.
    const chunk = /dynamically imported module|Failed to fetch|Importing a module script failed/i.test(error.message);
    return (
      <div className="card section-error" role="alert">
        <h2 className="card-title">This section could not be shown</h2>
        <p>
          {chunk
            ? 'Part of the app could not be loaded (the site may have been updated, or the connection dropped).'
            : `Something went wrong while showing it: ${error.message}`}{' '}
          Your drawings, samples and models are safe.
        </p>
        <div className="toolbar">
          <button type="button" className="button" onClick={() => (chunk ? window.location.reload() : this.setState({ error: null }))}>
            {chunk ? 'Reload the page' : 'Try again'}
          </button>
        </div>
      </div>
    );
  }
}
