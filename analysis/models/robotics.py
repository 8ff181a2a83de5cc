"""Robot-learning simulation budgets: episodes through a GPU physics simulator."""

from __future__ import annotations

import numpy as np

from .formulas import Number, formula
from .units import MINUTES_PER_HOUR, SECONDS_PER_HOUR


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
                               robot_hours: Number) -> Number:
    """How many times more GPU-hours an LLM run takes than a robot run: H_llm / (n * t)."""
    return np.asarray(llm_gpu_hours, dtype=float) / (np.asarray(robot_n_gpus) * robot_hours)


@formula(unit="GPU-hour")
def reference_gpu_hours(ref_gpu_minutes: Number, ref_episodes: Number, episodes: Number) -> Number:
    """GPU-hours at the cost per episode of a measured reference run: t_ref / 60 * e / e_ref."""
    return np.asarray(ref_gpu_minutes, dtype=float) / MINUTES_PER_HOUR * episodes / ref_episodes


@formula(unit="hour")
def reference_hours_on_cluster(ref_gpu_minutes: Number, ref_episodes: Number, episodes: Number,
                               n_gpus: Number) -> Number:
    """Wall-clock hours on n GPUs at the reference's cost per episode, scaling perfectly: H / n."""
    return reference_gpu_hours(ref_gpu_minutes, ref_episodes, episodes) / np.asarray(n_gpus)


@formula(unit="hour")
def with_overhead(sim_hours: Number, real_hours_ref: Number, sim_hours_ref: Number) -> Number:
    """Apply a reference's ratio of real to pure simulation time: t_sim * (t_real_ref / t_sim_ref)."""
    return np.asarray(sim_hours, dtype=float) * real_hours_ref / sim_hours_ref


@formula(unit="x")
def throughput_ratio(episodes: Number, steps_per_episode: Number, hours: Number, n_gpus: Number,
                     typical_steps_per_s: Number) -> Number:
    """Throughput a time estimate implies, over typical throughput: (e * s / (t * 3600 * n)) / r."""
    implied = (np.asarray(episodes, dtype=float) * steps_per_episode
               / (np.asarray(hours) * SECONDS_PER_HOUR * n_gpus))
    return implied / typical_steps_per_s


@formula(unit="x")
def llm_to_reference_robot_ratio(llm_gpu_hours: Number, ref_gpu_minutes: Number,
                                 ref_episodes: Number, episodes: Number) -> Number:
    """LLM GPU-hours over a robot run's GPU-hours at the reference cost per episode."""
    return np.asarray(llm_gpu_hours, dtype=float) / reference_gpu_hours(ref_gpu_minutes, ref_episodes,
                                                                         episodes)
