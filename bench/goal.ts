/**
 * Every benchmark line carries the figure its goal is about, the goal and their ratio, so one run
 * says how far off it is (issue 13): `figure_ms` / `goal_ms` = `ratio` (< 1 meets the goal, strictly
 * below it). `goal_of` names the figure (e.g. "p99Ms"). Lines without a goal have none of these fields.
 */
export interface GoalFields {
  goal_of: string;
  figure_ms: number;
  goal_ms: number;
  ratio: number;
  meets_goal: boolean;
}

export function goal(of: string, figureMs: number, goalMs: number): GoalFields {
  return { goal_of: of, figure_ms: Math.round(figureMs * 100) / 100, goal_ms: goalMs, ratio: Math.round((figureMs / goalMs) * 1000) / 1000, meets_goal: figureMs < goalMs };
}
