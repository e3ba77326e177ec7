namespace Zerobox.Policy;

/// <summary>
/// Paths that stay protected under broader grants. Credential stores stay hidden unless named exactly;
/// files that make the host run code later stay read-only unless named exactly with --allow-write.
/// </summary>
public static class ProtectedPaths
{
    /// <summary>Relative to every home directory on the machine (the caller's, /root and /home/*).</summary>
    public static readonly string[] CredentialStores =
    [
        ".ssh", ".aws", ".gnupg", ".netrc", ".git-credentials", ".docker/config.json", ".kube",
        ".config/gh", ".config/gcloud", ".azure", ".config/hub", ".password-store", ".pgpass",
        ".npmrc", ".yarnrc.yml", ".pypirc", ".cargo/credentials", ".cargo/credentials.toml",
        ".gem/credentials", ".m2/settings.xml", ".terraform.d/credentials.tfrc.json", ".config/rclone",
        ".local/share/keyrings", ".mozilla", ".config/google-chrome", ".config/chromium",
        ".bash_history", ".zsh_history", ".python_history", ".psql_history", ".mysql_history",
        ".vault-token", ".config/op", ".config/doctl", ".oci", ".ngrok2", ".config/ngrok",
    ];

    /// <summary>System secrets under /etc (the rest of /etc is readable by default).</summary>
    public static readonly string[] SystemSecrets =
    [
        "/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/sudoers", "/etc/sudoers.d",
        "/etc/ssl/private", "/etc/security/opasswd", "/etc/krb5.keytab", "/etc/NetworkManager/system-connections",
        "/etc/wpa_supplicant", "/etc/ppp/chap-secrets", "/etc/ppp/pap-secrets", "/etc/libvirt/secrets",
    ];

    /// <summary>Relative to every writable root, the working directory and the caller's home: files a
    /// developer's tools execute or obey later (git hooks and config, editor tasks, agent and direnv config).</summary>
    public static readonly string[] CodeExecutionInTree =
    [
        // All of .git, not only hooks and config: commondir, config.worktree, info/ and friends also decide what
        // a host git runs, and a read-only mount on .git itself also stops the directory being renamed away.
        ".git", ".gitmodules", ".vscode", ".idea", ".mcp.json", ".envrc", ".claude", ".cursor",
    ];

    /// <summary>Relative to the caller's home only: shell start-up files, git's global config, autostart.</summary>
    public static readonly string[] CodeExecutionInHome =
    [
        ".gitconfig", ".config/git", ".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile",
        ".zshrc", ".zprofile", ".zshenv", ".zlogin", ".config/fish", ".config/autostart",
        ".config/systemd/user", ".local/bin", ".local/lib", ".ssh/authorized_keys", ".config/environment.d",
        ".pam_environment", ".xprofile", ".xsessionrc", ".inputrc", ".vimrc", ".vim", ".config/nvim", ".emacs",
        ".emacs.d", ".tmux.conf", ".config/tmux", ".config/direnv", ".gnupg/gpg-agent.conf",
        // Directories early in PATH (Debian's default ~/.profile puts ~/bin first) and tool start-up hooks.
        "bin", ".cargo/bin", ".cargo/config", ".cargo/config.toml", "go/bin", ".ipython", ".xsession", ".xinitrc",
        ".local/share/applications",
        // Credential stores whose configuration can also name a program to run (kubectl exec plugins, docker
        // credential helpers, npm's script-shell, yarnPath, AWS credential_process, gh aliases).
        ".kube", ".docker/config.json", ".npmrc", ".yarnrc.yml", ".aws/config", ".config/gh",
    ];

    /// <summary>zerobox's own state: never visible, whatever the grants.</summary>
    public static readonly string[] ZeroboxState =
    [
        ".local/share/zerobox", ".local/state/zerobox", ".config/zerobox",
    ];
}
