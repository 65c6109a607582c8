use super::*;

fn one(text: &str) -> Workflow {
    read(".github/workflows/ci.yml", text).unwrap().remove(0)
}

#[test]
fn triggers_in_each_spelling_with_their_filters() {
    for on in ["push", "[push, pull_request]", "{push: {branches: [main]}}"] {
        let wf = one(&format!("on: {on}\njobs:\n  a:\n    steps:\n      - uses: x/y@v1\n  b:\n    steps:\n      - run: echo\n"));
        assert!(wf.triggered_by("push"), "{on}");
        assert!(!wf.triggered_by("pull_request_target"));
        assert_eq!(wf.steps().count(), 2);
    }
    let wf = one("on:\n  push:\n    tags: ['v*']\n  workflow_dispatch:\n    inputs:\n      name:\n        type: string\n      go:\n        type: boolean\n");
    assert_eq!(
        wf.trigger("push").unwrap().filter("tags"),
        Some(&["v*".to_string()][..])
    );
    let inputs: Vec<(&str, bool)> = wf
        .trigger("workflow_dispatch")
        .unwrap()
        .inputs
        .iter()
        .map(|i| (i.name.text.as_str(), i.is_constrained()))
        .collect();
    assert_eq!(inputs, [("name", false), ("go", true)]);
}

#[test]
fn jobs_read_with_every_level_and_positions() {
    let wf = one(concat!(
        "on: push\n",
        "permissions: read-all\n",
        "env:\n  A: ${{ github.head_ref }}\n",
        "jobs:\n",
        "  build:\n",
        "    runs-on: [self-hosted, linux]\n",
        "    permissions:\n      contents: write\n",
        "    container: node:20\n",
        "    services:\n      db:\n        image: postgres:16\n",
        "    strategy:\n      matrix:\n        os: [a, b]\n        include:\n          - extra: ${{ github.event.issue.title }}\n",
        "    environment: prod\n",
        "    steps:\n",
        "      - id: s\n        uses: |\n          actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n        with:\n          persist-credentials: false\n",
        "      - run: echo\n        shell: pwsh\n",
        "  call:\n    uses: ./.github/workflows/x.yml\n    secrets: inherit\n",
    ));
    assert!(
        matches!(wf.permissions.as_ref().unwrap().value, Grant::ReadAll(p) if p == Pos { line: 2, column: 14 })
    );
    assert_eq!(wf.env[0].1.text, "${{ github.head_ref }}");
    let build = &wf.jobs[0];
    assert_eq!(
        (build.id.text.as_str(), build.id.at),
        ("build", Pos { line: 6, column: 3 })
    );
    assert_eq!(
        build
            .runs_on
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>(),
        ["self-hosted", "linux"]
    );
    let writes = build.permissions.as_ref().unwrap().value.writes();
    assert_eq!(writes[0].text, "contents");
    assert_eq!(
        build
            .container
            .as_ref()
            .unwrap()
            .image
            .as_ref()
            .unwrap()
            .text,
        "node:20"
    );
    assert_eq!(build.services[0].key.text, "db");
    assert_eq!(build.matrix_values("os").count(), 2);
    assert_eq!(
        build.matrix_values("extra").next().unwrap().text,
        "${{ github.event.issue.title }}"
    );
    assert_eq!(build.environment.as_ref().unwrap().text, "prod");
    let step = &build.steps[0];
    let uses = step.uses.as_ref().unwrap();
    assert!(
        uses.uses.repo().unwrap().pinned(),
        "a block scalar's line end is not the ref's"
    );
    assert_eq!(step.with("persist-credentials").unwrap().text, "false");
    assert_eq!(build.steps[1].shell.as_ref().unwrap().text, "pwsh");
    let call = &wf.jobs[1];
    assert_eq!(
        call.uses.as_ref().unwrap().uses,
        Uses::Local("./.github/workflows/x.yml".into())
    );
    assert!(matches!(call.secrets, Some(Secrets::Inherit(_))));
}

#[test]
fn actions_are_read_as_one_job_of_their_steps() {
    let text = "name: x\ninputs:\n  title:\n    required: true\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.title }}\n      shell: bash\n";
    let wf = read("a/action.yml", text).unwrap().remove(0);
    assert_eq!(wf.kind, Kind::Action);
    assert_eq!(
        wf.jobs[0].steps[0].run.as_ref().unwrap().text,
        "echo ${{ inputs.title }}\n".trim_end()
    );
    assert_eq!(wf.inputs[0].name.text, "title");
    let docker = read(
        "action.yaml",
        "runs:\n  using: docker\n  image: docker://alpine:3\n",
    )
    .unwrap()
    .remove(0);
    assert_eq!(
        docker.jobs[0]
            .container
            .as_ref()
            .unwrap()
            .image
            .as_ref()
            .unwrap()
            .text,
        "docker://alpine:3"
    );
}

#[test]
fn a_flood_of_brackets_is_refused_whole() {
    let err = parse(&"[".repeat(WORKFLOW_MAX_BRACKETS + 1)).unwrap_err();
    assert_eq!(
        (err.line, err.message.as_str()),
        (1, "too deeply nested for a workflow")
    );
    assert!(read("x.yml", "jobs: [").is_err());
}
