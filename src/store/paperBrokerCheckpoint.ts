/**
 * The paper broker's checkpoint: its account store and the position of its slippage random generator.
 * With `fillsInTable`, `paper.fills` is empty and the fills are the store's `fills` table (written in the
 * same transactions): saving the growing list with every cycle would dominate the checkpoint's cost.
 */
export interface PaperBrokerCheckpoint {
  paper: unknown;
  random?: number;
  fillsInTable?: true;
}
