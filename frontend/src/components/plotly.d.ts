// plotly.js-dist-min ships no types; the few calls the figure renderer makes.
declare module "plotly.js-dist-min" {
  const Plotly: {
    newPlot(
      element: HTMLElement,
      data: unknown[],
      layout?: Record<string, unknown>,
      config?: Record<string, unknown>,
    ): Promise<HTMLElement>;
    addFrames(element: HTMLElement, frames: unknown[]): Promise<unknown>;
    purge(element: HTMLElement): void;
  };
  export default Plotly;
}
