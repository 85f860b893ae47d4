/// The boot script (EC2 user data) of every instance: arm the self-destruct timer first, then install the app and
/// its pinned requirements in a virtualenv and run it under gunicorn as a systemd service, shaped by the type's
/// vCPUs like every provider's instances (`GunicornShape`). The instance answers with its EC2 instance id in
/// `X-Instance-Id`, the id the load balancer's target group knows it by.
struct AWSUserData {
    /// The run, for the script's first line and the service's description.
    var runID: String
    /// The app's source (`app/app.py`).
    var appSource: String
    /// Its pinned requirements (`app/requirements.txt`).
    var requirements: String
    /// Workers and threads.
    var shape: GunicornShape
    /// The port gunicorn listens on.
    var port: Int
    /// Minutes after boot when the instance shuts itself down (`InstanceInitiatedShutdownBehavior=terminate`).
    var selfDestructMinutes: Int

    /// The script, as cloud-init runs it (a `#!` shell script).
    var script: String {
        """
        #!/bin/bash
        # ClusterBench run \(runID): the app under gunicorn (\(shape.workers) workers x \(shape.threads) threads) on port \(port).
        set -euo pipefail
        # The last safety net: whatever happens to the run, this instance terminates itself.
        shutdown -h +\(selfDestructMinutes) "ClusterBench self-destruct (run \(runID))"
        dnf install -y -q python3 python3-pip
        python3 -m venv /opt/clusterbench/venv
        mkdir -p /opt/clusterbench/app
        cat > /opt/clusterbench/app/requirements.txt <<'CLUSTERBENCH_REQUIREMENTS'
        \(requirements.trimmingTrailingNewlines())
        CLUSTERBENCH_REQUIREMENTS
        cat > /opt/clusterbench/app/app.py <<'CLUSTERBENCH_APP'
        \(appSource.trimmingTrailingNewlines())
        CLUSTERBENCH_APP
        /opt/clusterbench/venv/bin/pip install -q -r /opt/clusterbench/app/requirements.txt
        token=$(curl -s -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 300" http://169.254.169.254/latest/api/token)
        instance=$(curl -s -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/instance-id)
        cat > /etc/systemd/system/clusterbench-app.service <<CLUSTERBENCH_UNIT
        [Unit]
        Description=ClusterBench app (run \(runID))
        After=network-online.target
        [Service]
        Environment=INSTANCE_ID=$instance PYTHONUNBUFFERED=1
        WorkingDirectory=/opt/clusterbench/app
        ExecStart=/opt/clusterbench/venv/bin/gunicorn --bind 0.0.0.0:\(port) --workers \(shape.workers) --threads \(shape.threads) app:app
        Restart=always
        [Install]
        WantedBy=multi-user.target
        CLUSTERBENCH_UNIT
        systemctl daemon-reload
        systemctl enable --now clusterbench-app

        """
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while text.last == "\n" { text = text.dropLast() }
        return String(text)
    }
}
