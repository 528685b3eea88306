// Side-effect CSS imports are bundled by Vite.
declare module "*.css";
// Text files bundled as strings (Vite's ?raw).
declare module "*?raw" {
  const text: string;
  export default text;
}
