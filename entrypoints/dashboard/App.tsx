export function App() {
  return <main>Fediprint</main>;
}
