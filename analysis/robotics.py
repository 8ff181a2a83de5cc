"""Robot-learning simulation budgets: episodes through a GPU physics simulator."""

from __future__ import annotations

import numpy as np

from .formulas import Number, formula
from .units import SECONDS_PER_HOUR


@formula(unit="hour")
def simulation_hours(episodes: Number, steps_per_episode: Number,
                     steps_per_s_per_gpu: Number, n_gpus: Number) -> Number:
    """Pure simulation time: t = episodes * steps / (throughput per GPU * GPUs) / 3600."""
    steps = np.asarray(episodes, dtype=float) * steps_per_episode
    return steps / (np.asarray(steps_per_s_per_gpu) * n_gpus) / SECONDS_PER_HOUR


@formula(unit="hour")
def scaled_hours(hours: Number, episodes_from: Number, episodes_to: Number) -> Number:
    """Time for a different number of episodes at the same cost per episode: t * e2 / e1."""
    return np.asarray(hours, dtype=float) * episodes_to / episodes_from


@formula(unit="x")
def llm_to_robot_compute_ratio(llm_gpu_hours: Number, robot_n_gpus: Number,
                               robot_days: Number) -> Number:
    """How many times more GPU-hours an LLM run takes than a robot run: H_llm / (n * 24 d)."""
    return np.asarray(llm_gpu_hours, dtype=float) / (np.asarray(robot_n_gpus) * robot_days * 24.0)
