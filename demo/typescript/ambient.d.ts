// Stand-ins for the packages the demo files import, so the editor shows the hints, not missing modules.
declare module 'express' {
  const express: any;
  export default express;
}
declare module 'stripe' {
  const Stripe: any;
  export default Stripe;
}
declare const process: { env: Record<string, string | undefined> };
