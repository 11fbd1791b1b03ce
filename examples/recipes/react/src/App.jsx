import { useState } from 'react';
// Importing a widget's entry registers its element; import only the widgets the page shows.
import '@payam/widgets/report-form';
import '@payam/widgets/status-tracker';

/** The city's Payam server (its API and CORS); set VITE_PAYAM_URL when building. */
const PAYAM_URL = import.meta.env.VITE_PAYAM_URL ?? 'https://payam.example.city';
/** The API key the city gave this site. */
const API_KEY = import.meta.env.VITE_PAYAM_API_KEY ?? 'demo';

export function App() {
  const [registered, setRegistered] = useState(null);
  return (
    <main>
      <h1>سامانه ۱۳۷</h1>
      {/* React 19 passes dashed props to custom elements as attributes and an `on<event>` prop
          as a listener of that event: `onpayam-submitted` listens to `payam-submitted`. */}
      <payam-report-form
        id="report"
        base-url={PAYAM_URL}
        api-key={API_KEY}
        system="137"
        lang="fa"
        onpayam-submitted={(event) => setRegistered(event.detail.id)}
      />
      {registered && (
        <p role="status" data-registered={registered}>
          پیام شما با کد <bdi>{registered}</bdi> ثبت شد.
        </p>
      )}
      {/* The tracker follows what the report form registers; it also takes request-id. */}
      <payam-status-tracker report-form="report" base-url={PAYAM_URL} api-key={API_KEY} lang="fa" />
    </main>
  );
}
