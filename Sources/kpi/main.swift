import KPICommands

KPICommand.main()
