"""The benchmark's picture: latency of each step over time, and journeys per second."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

STEP_COLOURS = {
    "request_code": "tab:blue",
    "verify_code": "tab:orange",
    "set_password": "tab:red",
    "login": "tab:purple",
    "home": "tab:green",
    "bare_django": "tab:gray",
}


def plot_results(stack_results, path):
    figure, axes = plt.subplots(
        2, len(stack_results), figsize=(7 * len(stack_results), 8), squeeze=False
    )
    for column, result in enumerate(stack_results):
        latency, rate = axes[0][column], axes[1][column]
        offset = 0.0
        for level in result["levels"]:
            rows = level["rows"]
            if not rows:
                continue
            start = rows[0][0]
            for step, colour in STEP_COLOURS.items():
                points = [
                    (t - start + offset, ms) for t, s, ms, ok in rows if s == step
                ]
                if points:
                    xs, ys = zip(*points, strict=True)
                    label = step if level is result["levels"][0] else None
                    latency.scatter(xs, ys, s=4, color=colour, label=label)
            seconds = {}
            for t, step, _, ok in rows:
                if step == "journey" and ok:
                    second = int(t - start + offset)
                    seconds[second] = seconds.get(second, 0) + 1
            if seconds:
                xs = sorted(seconds)
                rate.plot(xs, [seconds[x] for x in xs], drawstyle="steps-mid")
            latency.axvline(offset, color="black", linewidth=0.5)
            latency.text(offset, 1, f" c={level['concurrency']}", fontsize=8)
            offset += rows[-1][0] - start + 1
        latency.set_yscale("log")
        latency.set_title(f"{result['stack']}: latency per step (ms)")
        latency.legend(markerscale=3, fontsize=8)
        rate.set_title(f"{result['stack']}: journeys per second")
        rate.set_xlabel("seconds (concurrency 1, 4, 16 one after another)")
    figure.tight_layout()
    figure.savefig(path, dpi=90)


def plot_peer(results, path):
    """Both systems side by side: step p50s, and CPU per journey by process with
    each system's Argon2 hashes in the run marked."""
    figure, (steps, cpu) = plt.subplots(1, 2, figsize=(13, 5))
    names = [result["system"] for result in results]
    width = 0.8 / len(results)
    step_names = list(STEP_COLOURS)[:-1]
    for index, result in enumerate(results):
        p50s = [result["steps"].get(step, {}).get("p50", 0) for step in step_names]
        positions = [n + index * width for n in range(len(step_names))]
        steps.bar(positions, p50s, width, label=f"{result['system']} "
                  f"({result['journeys_per_s']} journeys/s)")  # fmt: skip
    steps.set_xticks([n + width / 2 for n in range(len(step_names))], step_names)
    steps.set_ylabel("p50 ms")
    steps.legend()
    bottom = [0.0] * len(results)
    for group in results[0]["cpu_s_per_journey"]:
        values = [result["cpu_s_per_journey"][group] for result in results]
        cpu.bar(names, values, bottom=bottom, label=group)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    hashes = [result["hash_cpu_s_per_journey"] for result in results]
    starts = [index - 0.4 for index in range(len(results))]
    cpu.hlines(hashes, starts, [start + 0.8 for start in starts], colors="black",
               linestyles="--", label="its Argon2 hashes in the run")  # fmt: skip
    cpu.set_ylabel("CPU s per journey")
    cpu.legend()
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
