/**
 * The mapping between the run's clock (wall time, what Prometheus and the load engine
 * see) and the model's time, which runs `timeScale` times faster:
 * model = start + (wall − start) × timeScale. Instants the simulator
 * publishes (events, certificate expiry, uptime) are mapped back to the
 * clock so they compare with Prometheus' `time()`.
 */
export class ModelTime {
  constructor(
    readonly startWall: number,
    readonly startModel: number,
    readonly timeScale: number,
  ) {
    if (!(timeScale > 0)) throw new Error(`time scale must be positive, got ${timeScale}`);
  }

  toModel(wall: number): number {
    return this.startModel + (wall - this.startWall) * this.timeScale;
  }

  toWall(model: number): number {
    return this.startWall + (model - this.startModel) / this.timeScale;
  }

  /** A model duration as the clock sees it pass. */
  wallDuration(modelMs: number): number {
    return modelMs / this.timeScale;
  }
}
